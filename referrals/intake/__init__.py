"""The public side: the field library and the question-page forms (forms), the journey's views
(views), answers, spam checks, the submission rate limit, validators, and the service that saves
a submission.
"""
