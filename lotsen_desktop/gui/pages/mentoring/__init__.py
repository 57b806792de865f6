"""The mentoring page (Begleitung): ``page.MentoringPage`` and one module per tab."""
