"""The triage queue in the Wagtail admin, built with wagtail-modeladmin.

`options` holds the ModelAdmin classes and the "Referrals" menu group, `views` the small view
classes they use, `filters` the queue's list filters, `forms` the action forms, `permissions`
who may do what, and `panels` the dashboard panel.
"""
