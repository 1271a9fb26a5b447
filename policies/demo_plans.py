"""Demo cultivation plans with targets, in various workflow states."""
