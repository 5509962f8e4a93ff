"""A customer's visit: the journey that owns it, its records and their writer thread, the
stages it passes through, the needs matching and the pinyin input the customer types with."""
