"""The public side: the field library (fields), the question pages' table (steps), the words a
professional reads (wording), the rules across answers (rules), the forms (forms); the
journey's views (views, the entry points; journey, the question pages; check_answers;
confirmation; double_send, the double-send guard; sending; rendering); answers in progress,
spam checks, the submission rate limit, validators, and the service that saves a submission.
"""
