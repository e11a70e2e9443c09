"""Messages to people: what is queued for each event (notifications) and how the worker claims and
sends them (sending).
"""
