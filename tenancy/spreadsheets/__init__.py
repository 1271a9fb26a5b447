"""Spreadsheets that people upload and download: reading a CSV or XLSX file into a table of text cells
(`reading`), the columns a kind of file has and its template files (`columns`), and the report of row and column
problems that every bulk import answers with (`report`).

The member and collaboration imports (clusters.imports) and the onboarding of organisations and experts
(tenancy.onboarding) build on these."""
