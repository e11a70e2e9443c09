"""A VIG Guider's work with an allocated family: consent, goals and ratings, cycles and the ending
(services), the forms and screens for them, and the caseload a Guider sees.
"""
