"""How others find the service: the Open Referral UK feed for service directories
(openreferral.py, views.py), and sitemap.xml and robots.txt for search engines
(search_engines.py). Everything here is built from the site settings and the page tree, holds
no personal data, and is kept in the shared cache for the current content version (shared.py),
so it is never out of date and costs no database query once built.
"""
