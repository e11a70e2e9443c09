"""People's rights and the retention policy: subject access and erasure (subject_requests and their
screens), what sessions hold about a person (sessions), the retention screen.
"""
