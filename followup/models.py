"""Follow-up of agreements and promises. The reporting period is a value object in `followup.periods`."""
