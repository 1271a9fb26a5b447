# Models of this app arrive with its issue; the app is wired into settings, URLs and the API router now.
