"""Records in and out of spreadsheets (CSV and XLSX), for a coordinator's own municipality.

Every import goes the same three steps, each shared by all of them (activities, promises and a
follow-up report's activity updates): `reading` reads the file within bounds, `checking` checks
every row without writing (every bad row listed with its row number, column and reason), and
`writing` writes, only if every row is good, in one transaction of bulk inserts and updates, once
per confirmed file. `activities` and `promises` are the two imports of this app; the report's is
`followup.importing`.
"""
