"""A clock a test moves by hand, to stand in for time.time()."""


class Clock:
    def __init__(self, now=1_000_000.0):
        self.now = now

    def __call__(self):
        return self.now
