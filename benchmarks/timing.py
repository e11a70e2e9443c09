import statistics
import time


def median_seconds(fn, *, repeat=200, warmup=20):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def report(name, **values):
    parts = ", ".join(
        f"{key}={value * 1000:.2f}ms"
        if isinstance(value, float) and value < 10
        else f"{key}={value}"
        for key, value in values.items()
    )
    print(f"\nBENCH {name}: {parts}")
