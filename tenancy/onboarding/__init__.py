"""Bulk onboarding: the ministry brings in organisations (each with its first administrator, who is invited) and
experts (invited to set a password) from an Excel or CSV file, as the member import does for members: a dry run
first, a report of problems by row and column, and a commit that writes every row or none.

Every row goes through the same service as the single-record pages (`organisation_create`, `expert_create`), so
the rules are the pages' rules: a provincial government's file may hold only governments below it; a government's
parent follows from its region, and a file may list a province before the cities below it."""
