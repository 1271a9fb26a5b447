"""Settings and urlconf of the server that bench/member_list.py starts."""
