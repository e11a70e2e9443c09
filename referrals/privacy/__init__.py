"""People's rights and the retention policy: subject requests (subject_requests finds the
person, subject_access gives them a copy, erasure and erasure_reason erase them; their screens
in subject_request_views), what sessions hold about a person (sessions), the retention screen.
"""
