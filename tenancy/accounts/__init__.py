"""Accounts: API tokens (several per user, named, expiring, revocable), password change and reset, and what
deactivating an account ends (its tokens and its sessions)."""
