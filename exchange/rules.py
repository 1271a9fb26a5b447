"""Who may do what across clusters, a section per concept."""
