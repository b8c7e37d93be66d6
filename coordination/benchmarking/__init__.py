"""The national benchmark: a seeded, generated data set of every municipality's programme
(`national`), the public pages measured at seed and national scale (`measure`), and the load
test under gunicorn and wrk (`loadtest`). It sits in followup, the top domain app, because the
data set ends in published follow-up reports."""
