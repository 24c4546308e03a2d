"""What lawyers read: clause coverage by rules and scenarios, and the review report."""
