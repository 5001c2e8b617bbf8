"""Maturity frameworks, assessments, answers and scoring (filled by the maturity-assessment issue)."""
