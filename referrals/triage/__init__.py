"""The officer's queue in the Wagtail admin: its screens (admin), list (queue), filters, search, a
case's page (case_view) and action forms, presenters, dashboard panels, who may do what
(permission_helpers) and the services that move a case through the workflow.
"""
