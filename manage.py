#!/usr/bin/env python
from alongside.__main__ import main

if __name__ == "__main__":
    main()
