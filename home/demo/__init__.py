"""Demo content for a new install: the real site, written from the product facts."""
