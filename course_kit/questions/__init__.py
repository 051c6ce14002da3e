"""Question banks, one module each: ``from course_kit.questions.module01 import quiz``."""
