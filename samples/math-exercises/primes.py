def is_prime(n):
    """Return True when n is a prime number."""
    if n < 2:
        return False
    for d in range(2, n // 2):
        if n % d == 0:
            return False
    return True


print([n for n in range(20) if is_prime(n)])  # 4 shows up: why?
