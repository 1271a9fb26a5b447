"""Demo policies, instruments and toolkits from the seed article."""
