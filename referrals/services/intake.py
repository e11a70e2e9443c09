"""Receiving referrals and enquiries from the public forms."""

__all__: list[str] = []
