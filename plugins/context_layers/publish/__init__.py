"""What a site publishes besides its pages, all projections of the loaded notes: Web Annotations,
ClaimReview data, the claims index and feed, the sources page, and the offline edition's checks.
Imports the core only."""
