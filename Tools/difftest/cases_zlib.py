"""Differential cases for zlib: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).

Compressed bytes may differ between the system zlib and zlib-rs, so cases
made by the module under test compare what decompressing gives (round
trips), never the compressed bytes.  Streams made by the system zlib are
below as constants: both interpreters decompress the very same bytes,
whole, truncated, corrupted, with trailing data and with wrong
parameters.  (Decompressing the Rust module's streams with the system
zlib needs both interpreters in one test: Lib-tests/test_rust_zlib.py.)
"""

import array
import base64
import copy
import zlib

from hostile import BadIndex

# Streams made by the system zlib (stock CPython 3.13.5, zlib 1.2.13).
SYSTEM_STREAMS = {
    'zlib6': 'eJyl1VFSwzAMBNB/nUJHsCRbieE0LQTa0hJIW2h7ejZcYb89O6ORn9flSS+7Sb+v+5cP3S7z76e+zTc9XE9fZ51/puX/+Lh53PV1fn/Wx3G/1fNlmTYnLWJE2sSJdJUg0l0qM3lKI+LeJIl4pAzM4rqMRDyrdCI+mlhhVl+AjlLnmICBZ7WKMfYsuxjFr6cYBRACjSHoDRMwCH3EDhiG4bgFBmIk+oeRWCHRGYm1YgKqAscqzkhs3sUZiW1IcUZiQqIzEnOdgJE4rDtgJA7rLVCVCAfBSOyQGIzEjrcQVCcWPMegSrGgEYJqRUMpBYPR1l4MRqM5qjkYjhb4HYLxiP8Jd8GAtIY/8g8L+3Wq',
    'zlib1': 'eAGl1VlSAzEMBNB/nUJHsBZ7bDhNAgMEEgYmCUtOTw9X6G9XV6mkZ6nc6eVl1s/r4eFN9+vy/a5Py4++Xk8fZ12+5vX/+bi7/erj8nyvt+Nhr+fLOu9OWsSItIkT6ZQg0kOSSFuTSsS9SiPi0WQi4jmkE/GWMoh4N7FC5K0AHaXOUQEDzzLFGHvWhhjFbzQxCiAEGkPQKypgEHpHDxiG4ZgCAzEa9g8jMSHRGYmZqICRmD3FGYnVhzgjsU5NnJHYINEZiW2rgJE4bT1gJE7bFBiJHQ6CkTggMRiJA38hGIlW8B2DoWgFGyEYi2ZYSsFgNIfGYDSaYzUHw9EC1yEYj7hPmAUD0ipu5B8L+3Wq',
    'zlib9': 'eNql1V1SwzAMBOB3nUJHsCRbseE0LQQotATSlp+eng1X2OeMMhr506rc6eVl1s/r4eFN9+vy/a5Py4++Xk8fZ12+5vX/83F3+9XH5fleb8fDXs+Xdd6dtIgR1SZOVFcJonpIZTpPaUS5N0miPFImZnBDOlGeVQZR3k2sMKMvQEepc3TAwLNaxYLSM8QofiPFKIAQaEkJRgcMQu+YAcMwHK8wqC1C/jASKyQ6I7FWdEBFYK/ijMTmQ5yR2KYUZyQmJDojMbcOGInTNgNG4rS9AhWJcBCMxAGJwUgc2IWgMrFgHYMKxYJECCoVDaEUjToN0BhJ/QHRHAxHC1yH6Nx9wlswIK3hRv4BC/t1qg==',
    'zlib0': 'eAEBGArn9TA6IHRoZSBxdWljayBicm93biBmb3gganVtcHMgb3ZlciB0aGUgbGF6eSBkb2c7IHpsaWIgc3RyZWFtIDAKMTogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gMQoyOiB0aGUgcXVpY2sgYnJvd24gZm94IGp1bXBzIG92ZXIgdGhlIGxhenkgZG9nOyB6bGliIHN0cmVhbSA0CjM6IHRoZSBxdWljayBicm93biBmb3gganVtcHMgb3ZlciB0aGUgbGF6eSBkb2c7IHpsaWIgc3RyZWFtIDkKNDogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gMTYKNTogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gMjUKNjogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gMzYKNzogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gNDkKODogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gNjQKOTogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gODEKMTA6IHRoZSBxdWljayBicm93biBmb3gganVtcHMgb3ZlciB0aGUgbGF6eSBkb2c7IHpsaWIgc3RyZWFtIDEwMAoxMTogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gMTIxCjEyOiB0aGUgcXVpY2sgYnJvd24gZm94IGp1bXBzIG92ZXIgdGhlIGxhenkgZG9nOyB6bGliIHN0cmVhbSAxNDQKMTM6IHRoZSBxdWljayBicm93biBmb3gganVtcHMgb3ZlciB0aGUgbGF6eSBkb2c7IHpsaWIgc3RyZWFtIDE2OQoxNDogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gMTk2CjE1OiB0aGUgcXVpY2sgYnJvd24gZm94IGp1bXBzIG92ZXIgdGhlIGxhenkgZG9nOyB6bGliIHN0cmVhbSAyMjUKMTY6IHRoZSBxdWljayBicm93biBmb3gganVtcHMgb3ZlciB0aGUgbGF6eSBkb2c7IHpsaWIgc3RyZWFtIDI1NgoxNzogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gMjg5CjE4OiB0aGUgcXVpY2sgYnJvd24gZm94IGp1bXBzIG92ZXIgdGhlIGxhenkgZG9nOyB6bGliIHN0cmVhbSAzMjQKMTk6IHRoZSBxdWljayBicm93biBmb3gganVtcHMgb3ZlciB0aGUgbGF6eSBkb2c7IHpsaWIgc3RyZWFtIDM2MQoyMDogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gNDAwCjIxOiB0aGUgcXVpY2sgYnJvd24gZm94IGp1bXBzIG92ZXIgdGhlIGxhenkgZG9nOyB6bGliIHN0cmVhbSA0NDEKMjI6IHRoZSBxdWljayBicm93biBmb3gganVtcHMgb3ZlciB0aGUgbGF6eSBkb2c7IHpsaWIgc3RyZWFtIDQ4NAoyMzogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gNTI5CjI0OiB0aGUgcXVpY2sgYnJvd24gZm94IGp1bXBzIG92ZXIgdGhlIGxhenkgZG9nOyB6bGliIHN0cmVhbSA1NzYKMjU6IHRoZSBxdWljayBicm93biBmb3gganVtcHMgb3ZlciB0aGUgbGF6eSBkb2c7IHpsaWIgc3RyZWFtIDYyNQoyNjogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gNjc2CjI3OiB0aGUgcXVpY2sgYnJvd24gZm94IGp1bXBzIG92ZXIgdGhlIGxhenkgZG9nOyB6bGliIHN0cmVhbSA3MjkKMjg6IHRoZSBxdWljayBicm93biBmb3gganVtcHMgb3ZlciB0aGUgbGF6eSBkb2c7IHpsaWIgc3RyZWFtIDc4NAoyOTogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gODQxCjMwOiB0aGUgcXVpY2sgYnJvd24gZm94IGp1bXBzIG92ZXIgdGhlIGxhenkgZG9nOyB6bGliIHN0cmVhbSA5MDAKMzE6IHRoZSBxdWljayBicm93biBmb3gganVtcHMgb3ZlciB0aGUgbGF6eSBkb2c7IHpsaWIgc3RyZWFtIDk2MQozMjogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gMTAyNAozMzogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gMTA4OQozNDogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gMTE1NgozNTogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gMTIyNQozNjogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gMTI5NgozNzogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gMTM2OQozODogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gMTQ0NAozOTogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZzsgemxpYiBzdHJlYW0gMTUyMQoL+3Wq',
    'raw15': 'pdVRUsMwDATQf51CR7AkW4nhNC0E2tISSFtoe3o2XGG/PTujkZ/X5Ukvu0m/r/uXD90u8++nvs03PVxPX2edf6bl//i4edz1dX5/1sdxv9XzZZk2Jy1iRNrEiXSVINJdKjN5SiPi3iSJeKQMzOK6jEQ8q3QiPppYYVZfgI5S55iAgWe1ijH2LLsYxa+nGAUQAo0h6A0TMAh9xA4YhuG4BQZiJPqHkVgh0RmJtWICqgLHKs5IbN7FGYltSHFGYkKiMxJznYCROKw7YCQO6y1QlQgHwUjskBiMxI63EFQnFjzHoEqxoBGCakVDKQWD0dZeDEajOao5GI4W+B2C8Yj/CXfBgLSGP/IP',
    'raw9': 'pc7bVQJBEITh94piQujb9E5rNICoKLi6gBeidzWFeq7zf6fkrl2e9+3jeti9tu0yf721x/m7vVxP7+c2f+6X//m4uf20h/npvt2Oh207X5b95tQEStQKI+qAE3UhmOeJTuTWkUTuiYnIozCIPANF5EOhQvQqAlUGsPWBMUAE1BkgCxoMUAntBGDWockAfX0wMcAo6CAAt4AWA6TChABCBKYMEOsDY4ARMCeAbgULBpgS1gkgrcOSAf4eTAQwWcEGA4yAFQGMULgQQInAlQFyfWAEoGIBd0oYBQ9G0J7wzghmHZ6UUOuHiRE8Cz4YISLgxQjdFL8=',
    'gzip': 'H4sIAAAAAAAAA6XVUVLDMAwE0H+dQkewJFuJ4TQtBNrSEkhbaHt6Nlxhvz07o5Gf1+VJL7tJv6/7lw/dLvPvp77NNz1cT19nnX+m5f/4uHnc9XV+f9bHcb/V82WZNictYkTaxIl0lSDSXSozeUoj4t4kiXikDMziuoxEPKt0Ij6aWGFWX4COUueYgIFntYox9iy7GMWvpxgFEAKNIegNEzAIfcQOGIbhuAUGYiT6h5FYIdEZibViAqoCxyrOSGzexRmJbUhxRmJCojMSc52AkTisO2AkDustUJUIB8FI7JAYjMSOtxBUJxY8x6BKsaARgmpFQykFg9HWXgxGozmqORiOFvgdgvGI/wl3wYC0hj/yD03b0rAYCgAA',
    'zlib9bits': 'GJWlzttVAkEQhOH3imJC6Nv0Tms0gKgouLqAF6J3NYV6rvN/p+SuXZ737eN62L227TJ/vbXH+bu9XE/v5zZ/7pf/+bi5/bSH+em+3Y6HbTtflv3m1ARK1Aoj6oATdSGY54lO5NaRRO6JicijMIg8A0XkQ6FC9CoCVQaw9YExQATUGSALGgxQCe0EYNahyQB9fTAxwCjoIAC3gBYDpMKEAEIEpgwQ6wNjgBEwJ4BuBQsGmBLWCSCtw5IB/h5MBDBZwQYDjIAVAYxQuBBAicCVAXJ9YASgYgF3ShgFD0bQnvDOCGYdnpRQ64eJETwLPhghIuDFCN0Uvwv7dao=',
    'zdict': 'eLthPA/6pdVLagMxEIThfZ9ijqB+qDVKThNDFgF7Y2eV06cmJwj8y4EpaKRP1ePt7/Off78fP/ev2/H6fn5+PI5hDtJuAdJlCdLbikzeNkE8pjWIZ9siB7ftBPEu2yB+ujkh50PokLrQBASeV5kTe97bHPHbbY4ASqATgjE1AUEYp86AMMzQLRCI2eofIrEkMYjEKk2AKvAsCyJxxrYgEudqCyKxJTGIxL4mIBLXdQZE4rpuAVWiHCSRuCUxicStt5CoE4eeY6JSHGqERK3oKqUkGP3qxSQaPVTNSTh6ajsk8aj9pLsgIH1qR/4CC/t1qg==',
    'rawzdict': 'pdVLagMxEIThfZ9ijqB+qDVKThNDFgF7Y2eV06cmJwj8y4EpaKRP1ePt7/Off78fP/ev2/H6fn5+PI5hDtJuAdJlCdLbikzeNkE8pjWIZ9siB7ftBPEu2yB+ujkh50PokLrQBASeV5kTe97bHPHbbY4ASqATgjE1AUEYp86AMMzQLRCI2eofIrEkMYjEKk2AKvAsCyJxxrYgEudqCyKxJTGIxL4mIBLXdQZE4rpuAVWiHCSRuCUxicStt5CoE4eeY6JSHGqERK3oKqUkGP3qxSQaPVTNSTh6ajsk8aj9pLsgIH1qR/4C',
    'sync': 'eJyk0lsOgjAQheH3s4pZQqeUSnU1oAVRsFrAC6uXuAKT8zz5ksnJb/Yyn6M8lv54lSan103a9JbLMt4nSc+Yf+ehXj9ySt1B1qFvZJpzrEcxUEIrLKEdCkIHOOZzj5LgtoQneOGxY4YLqAjuHQLBK4UaZnqzRUdVZ7cPmPDUOeif7X0BAAD//6TUwRHAQAhC0bvdyKpZ+28sNJBLfgcMvOFDz0YifjuRCKAFJiGodgKCUNcdEIZHXoFAPOP/IRLLEkUkVjkBusBbISKxtSEisZ8JEYljifop8QUAAP//pdWBCQAhDATBljwPEftv7Dd8CduAiBk3/wFzAyPxzhsYiXemoJKIgxqJD4k1Eh9/oaqJi+9YFcVFEaqqGKJUgzHTxRqN2aS5hmPKdqjxyH5iFgZkDjvyAwv7dao=',
    'full': 'eJyk0lsOgjAQheH3s4pZQqeUSnU1oAVRsFrAC6uXuAKT8zz5ksnJb/Yyn6M8lv54lSan103a9JbLMt4nSc+Yf+ehXj9ySt1B1qFvZJpzrEcxUEIrLKEdCkIHOOZzj5LgtoQneOGxY4YLqAjuHQLBK4UaZnqzRUdVZ7cPmPDUOeif7X0BAAD//6TSSw7CMAxF0blX4SXEbuImsJoUAhRaAmnLp6snYswIjy0dPVk3rm/c5+MW16HvcJpLiiOSBCC7wfmU8L70uwt2JT+veMgvPC/jbcL8SOV7HuJPIAiQUwDMDkg0gKsLWg3g6w+8AmjYAgUNIARsFIA1Bpg0gK0LWAN4C9woAMcBWFOiawVYU6LUEvnPEj8AAAD//6XSXRKCMAwE4PecIkdokra0ehrAqihYLeAPp7d6hTxn5pudzZbUTugbD9zscDknfKxDf8Wu5NcNj/mNl3W6z5ifqfzPY7t98JBPe9zGocN5KT+g4QgcNECwwFEBBEsgRgFEY0BIA/iagBUAGbYgohJCBLEagZwHcRqB2YF4lRBrBs0cSXztQbNHsrb+QjNIckzwBQv7dao=',
    'partial': 'eJyk0lsOgjAQheH3s4pZQqeUSnU1oAVRsFrAC6uXuAKT8zz5ksnJb/Yyn6M8lv54lSan103a9JbLMt4nSc+Yf+ehXj9ySt1B1qFvZJpzrEcxUEIrLKEdCkIHOOZzj5LgtoQneOGxY4YLqAjuHQLBK4UaZnqzRUdVZ7cPmPDUOeif7X0FIKUOjgAGQhCK3u1GVs3af2OhgVzyO2DgDR96NhLx24lEAC0wCUG1ExCEuu6AMDzyCgTiGf8PkViWKCKxygnQBd4KEYmtDRGJ/UyISBxL1E+Jb2l1YAJACANBsCXPQ8T+G/sNX8I2IGLGzX/A3MBIvPMGRuKdKagk4qBG4kNijcTHX6hq4uI7VkVxUYSqKoYo1WDMdLFGYzZpruGYsh1qPLKfmIUBmcOO/AAL+3Wq',
    'fixed': 'eAEzsFIoyUhVKCzNTM5WSCrKL89TSMuvUMgqzS0oVsgvSy0CS+ckVlUqpOSnWytU5WQmKRSXFKUm5ioYcBlSoNuQy4gC3SZcxhTotuQyocTlZlymFGg3MuUyo0C7sRmXOSUBZ8llQYF2MxMuSwq0WxhyGRpQEvQGwERHUaozArqAkoRnaGLCZUhJ2jM0s+QypCj5WZpxGVKUAIEp0JCSJGhkCnQBJYnQyAIYBpQkQ2MjYCxQkhCNzYDlDyUp0QSYEo0oSYkmJkAXUFQEWphwGVGSEk2NLLmMKEmJpuZmXEaUpEQzYEo0oiQlmoFcQElKNAeFASUp0RwUCxQVicB0YExJSrQEpkRjSlKiJTAvGFNUJhoAs6MxRYWiAbBEMKaoVDQEFkrGlCRGQ1C5aExJajQ0AhbNxpQkR0NjYO1gTEl6BNZPwLigJEEamgLrSAAL+3Wq',
    'huffman': 'eAEFwVuioyAQBcB/V3GWEI3J3OhqQFtBwdam8cHqp+rVQR3hyH5YYYWvDRPfWHLcE/gkgTpCMOXByHOPErxFUiET8arqDuoIR/bDCit8bZj4xpLjnsAnCdQRgikPRp57lOAtkgqZiLpqOqgjHNkPK6zwtWHiG0uOewKfJFBHCKY8GHnuUYK3SCpkItrq3UEd4ch+WGGFrw0T31hy3BP4JIE6QjDlwchzjxK8RVIhE/Gr2g7qCEf2wworfG2Y+MaS457AJwnUEYIpD0aee5TgLZIKmYj6W306qCMc2Q8rrPC1YeIbS457Ap8kUEcIpjwYee5RgrdIKmQimk/17aCOcGQ/rLDC14aJbyw57gl8kkAdIZjyYOS5RwneIqmQiXh/q38d1BGO7IcVVvjaMPGNJcc9gU8SqCMEUx6MPPcowVskFTIR7a/666COcGQ/rLDC14aJbyw57gl8kkAdIZjyYOS5RwneIqmQifi21a+DOsKR/bDCCl8bJr6x5Lgn8EkCdYRgyoOR5x4leIukQibir67qVwd1hCP7YYUVvjZMfGPJcU/gkwTqCMGUByPPPUrwFkmFTET9elV13UEd4ch+WGGFrw0T31hy3BP4JIE6QjDlwchzjxK8RVIhE1E3dVU3HdQRjuyHFVb42jDxjSXHPYFPEqgjBFMejDz3KMFbJBUyEXXbVvW7gzrCkf2wwgpfGya+seS4J/BJAnWEYMqDkeceJXiLpEImov7+qrrtoI5wZD+ssMLXholvLDnuCXySQB0hmPJg5LlHCd4iqZCJqH/fqv50UEc4sh9WWOFrw8Q3lhz3BD5JoI4QTHkw8tyjBG+RVMhENM2nqr8d1BGO7IcVVvjaMPGNJcc9gU8SqCMEUx6MPPcowVskFTIRzedb1f86qCMc2Q8rrPC1YeIbS457Ap8kUEcIpjwYee5RgrdIKmQimr9fVf91UEc4sh9WWOFrw8Q3lhz3BD5JoI4QTHkw8tyjBG+RVMhEvJu2qn8d1BGO7IcVVvjaMPGNJcc9gU8SqCMEUx6MPPcowVskFTIR729dNa8O6ghH9sMKK3xtmPjGkuOewCcJ1BGCKQ9GnnuU4C2SCpmI9vWqmrqDOsKR/bDCCl8bJr6x5Lgn8EkCdYRgyoOR5x4leIukQiaibeuqaTqoIxzZDyus8LVh4htLjnsCnyRQRwimPBh57lGCt0gqZCLav7Zq3h3UEY7shxVW+Now8Y0lxz2BTxKoIwRTHow89yjBWyQVMhGf5lc1bQd1hCP7YYUVvjZMfGPJcU/gkwTqCMGUByPPPUrwFkmFTMTn37dqPh3UEY7shxVW+Now8Y0lxz2BTxKoIwRTHow89yjBWyQVMhHf5lM13w7qCEf2wworfG2Y+MaS457AJwnUEYIpD0aee5TgLZIKmYjvv2/V/OugjnBkP6ywwteGiW8sOe4JfJJAHSGY8mDkuUcJ3iKpkIn41/yq5q+DOsKR/bDCCl8bJr6x5Lgn8EkCdYRgyoOR5x4leIukQibi319bNb8O6ghH9sMKK3xtmPjGkuOewCcJ1BGCKQ9GnnuU4C2SCpmIv7au3q8O6ghH9sMKK3xtmPjGkuOewCcJ1BGCKQ9GnnuU4C2SCpmI3+tVvesO6ghH9sMKK3xtmPjGkuOewCcJ1BGCKQ9GnnuU4C2SCpmI37eu3k0HdYQj+2GFFb42THxjyXFP4JME6gjBlAcjzz1K8BZJhUxE/Wra6v3uoI5wZD+ssMLXholvLDnuCXySQB0hmPJg5LlHCd4iqZCJqF9/v+rddlBHOLIfVljha8PEN5Yc9wQ+SaCOEEx5MPLcowRvkVTIRNT151u9Px3UEY7shxVW+Now8Y0lxz2BTxKoIwRTHow89yjBWyQVMhF103yq97eDOsKR/bDCCl8bJr6x5Lgn8EkCdYRgyoOR5x4leIukQiaibn7f6v2vgzrCkf2wwgpfGya+seS4J/BJAnWEYMqDkeceJXiLpEImon5/f9X7r4M6wpH9sMIKXxsmvrHkuCfwSQJ1hGDKg5HnHiV4i6RCJqJu27Z6/zqoIxzZDyus8LVh4htLjnsCnyRQRwimPBh57lGCt0gqZCLqT1NX/wEL+3Wq',
    'rle': 'eAEFwVuioyAQBcB/V3GWEI3J3OhqQFtBwdam8cHqp+rVQR3hyH5YYYWvDRPfWHLcE/gkgTpCMOXByHOPErxFUiET8arqDuoIR/bDCit8bZj4xpLjnsAnCdQRgikPRp57lOAtkgqZiLpqOqgjHNkPK6zwtWHiG0uOewKfJFBHCKY8GHnuUYK3SCpkItrq3UEd4ch+WGGFrw0T31hy3BP4JIE6QjDlwchzjxK8RVIhE/Gr2g7qCEf2wworfG2Y+MaS457AJwnUEYIpD0aee5TgLZIKmYj6W306qCMc2Q8rrPC1YeIbS457Ap8kUEcIpjwYee5RgrdIKmQimk/17aCOcGQ/rLDC14aJbyw57gl8kkAdIZjyYOS5RwneIqmQiXh/q38d1BGO7IcVVvjaMPGNJcc9gU8SqCMEUx6MPPcowVskFTIR7a/666COcGQ/rLDC14aJbyw57gl8kkAdIZjyYOS5RwneIqmQifi21a+DOsKR/bDCCl8bJr6x5Lgn8EkCdYRgyoOR5x4leIukQibir67qVwd1hCP7YYUVvjZMfGPJcU/gkwTqCMGUByPPPUrwFkmFTET9elV13UEd4ch+WGGFrw0T31hy3BP4JIE6QjDlwchzjxK8RVIhE1E3dVU3HdQRjuyHFVb42jDxjSXHPYFPEqgjBFMejDz3KMFbJBUyEXXbVvW7gzrCkf2wwgpfGya+seS4J/BJAnWEYMqDkeceJXiLpEImov7+qrrtoI5wZD+ssMLXholvLDnuCXySQB0hmPJg5LlHCd4iqZCJqH/fqv50UEc4sh9WWOFrw8Q3lhz3BD5JoI4QTHkw8tyjBG+RVMhENM2nqr8d1BGO7IcVVvjaMPGNJcc9gU8SqCMEUx6MPPcowVskFTIRzedb1f86qCMc2Q8rrPC1YeIbS457Ap8kUEcIpjwYee5RgrdIKmQimr9fVf91UEc4sh9WWOFrw8Q3lhz3BD5JoI4QTHkw8tyjBG+RVMhEvJu2qn8d1BGO7IcVVvjaMPGNJcc9gU8SqCMEUx6MPPcowVskFTIR729dNa8O6ghH9sMKK3xtmPjGkuOewCcJ1BGCKQ9GnnuU4C2SCpmI9vWqmrqDOsKR/bDCCl8bJr6x5Lgn8EkCdYRgyoOR5x4leIukQiaibeuqaTqoIxzZDyus8LVh4htLjnsCnyRQRwimPBh57lGCt0gqZCLav7Zq3h3UEY7shxVW+Now8Y0lxz2BTxKoIwRTHow89yjBWyQVMhGf5lc1bQd1hCP7YYUVvjZMfGPJcU/gkwTqCMGUByPPPUrwFkmFTMTn37dqPh3UEY7shxVW+Now8Y0lxz2BTxKoIwRTHow89yjBWyQVMhHf5lM13w7qCEf2wworfG2Y+MaS457AJwnUEYIpD0aee5TgLZIKmYjvv2/V/OugjnBkP6ywwteGiW8sOe4JfJJAHSGY8mDkuUcJ3iKpkIn41/yq5q+DOsKR/bDCCl8bJr6x5Lgn8EkCdYRgyoOR5x4leIukQibi319bNb8O6ghH9sMKK3xtmPjGkuOewCcJ1BGCKQ9GnnuU4C2SCpmIv7au3q8O6ghH9sMKK3xtmPjGkuOewCcJ1BGCKQ9GnnuU4C2SCpmI3+tVvesO6ghH9sMKK3xtmPjGkuOewCcJ1BGCKQ9GnnuU4C2SCpmI37eu3k0HdYQj+2GFFb42THxjyXFP4JME6gjBlAcjzz1K8BZJhUxE/Wra6v3uoI5wZD+ssMLXholvLDnuCXySQB0hmPJg5LlHCd4iqZCJqF9/v+rddlBHOLIfVljha8PEN5Yc9wQ+SaCOEEx5MPLcowRvkVTIRNT151u9Px3UEY7shxVW+Now8Y0lxz2BTxKoIwRTHow89yjBWyQVMhF103yq97eDOsKR/bDCCl8bJr6x5Lgn8EkCdYRgyoOR5x4leIukQiaibn7f6v2vgzrCkf2wwgpfGya+seS4J/BJAnWEYMqDkeceJXiLpEImon5/f9X7r4M6wpH9sMIKXxsmvrHkuCfwSQJ1hGDKg5HnHiV4i6RCJqJu27Z6/zqoIxzZDyus8LVh4htLjnsCnyRQRwimPBh57lGCt0gqZCLqT1NX/wEL+3Wq',
    'filtered': 'eJyl1O1NA0EMhOH/U8WWsGN7fWeoJoGDBBIOLgkfqZ4ipoBXsqxH0x/a9bC0r9vx6b3tt/Xno72sv+3tdv68tPV72dr1sLTT7v7XntfXx3Y/Hfftct2W3bl1UKgJE+qAC3UhlMsTQ8htIIXcE5PyuMIs5BkoIZ8JduX1vYOSOiOowGMEqNhjFijxqwQlgDZAhaCNBBWENheoMHQLUIHoSZgiMXqHKRIjCJMmcA6YInFYwRSJY0qYIjFtwBSJOSVMkThZwRSJ0xwwaRKDcEVi9Q5XJFYSLm1it4BLo9jngkuryJFwBSPNBlzRSKuEKxzpWXDFIyMCroDkMOIfC/t1qg==',
    'memlevel1': 'eNqk0lsOgjAQheH3s4pZQqeUSnU1gFVRsFrAC6u3cQvnefInk5PP7GW5RHmuQ3+TLqf3XU7pI9d1esySXjH/z2O7feWYzgfZxqGTecmxncRAiVphidqhIuoAx3zuURO5reGJvPLYMcMFNETuHQKRNwo1zPSmoKPU2fIBA0+dg1aUngCl+AUPpQAWgeopwb/S6uQIgBCGgeCfaBaLM//EdohhEqBcuC0xgUFYhz8wDFNs4aorIn+MxIHEMhLHYAIVgWe0MhJn3VZG4tyrlZG4kFhG4noTGIn7/YGRuN8WVCTiIEbiRWKMxMstRGXixzlGheJHIkSlYieUMlU1oDFLvUA0x3DsoR1yXD+xCwOyTzryBwv7dao=',
    'empty': 'eJwDAAAAAAE=',
}

STREAMS = {name: base64.b64decode(data) for name, data in SYSTEM_STREAMS.items()}
TEXT = zlib.decompress(STREAMS["zlib6"])
ZDICT = b"the quick brown fox jumps over the lazy dog"
WBITS_OF = {"raw15": -15, "raw9": -9, "gzip": 31, "zlib9bits": 9, "rawzdict": -15}


def blobs(rng):
    for n in (0, 1, 2, 100, 1000):
        yield f"random[{n}]", rng.randbytes(n)
    yield "text", TEXT
    yield "zeros", bytes(70_000)
    yield "mixed", b"".join(rng.choice([TEXT[:50], rng.randbytes(30), bytes(40)]) for _ in range(300))


def summary(data):
    """A short, implementation-independent picture of decompressed bytes."""
    return (len(data), data[:40], data[-20:]) if isinstance(data, bytes) else data


def round_trip(data, level=-1, wbits=15, **decompress):
    return zlib.decompress(zlib.compress(data, level, wbits), wbits, **decompress) == data


def object_round_trip(data, level, method, wbits, mem_level, strategy, zdict, flushes, chunk):
    c = zlib.compressobj(level, method, wbits, mem_level, strategy, *(() if zdict is None else (zdict,)))
    made = []
    for i in range(0, max(len(data), 1), chunk):
        made.append(c.compress(data[i:i + chunk]))
        made.append(c.flush(flushes[(i // chunk) % len(flushes)]))
    made.append(c.flush())
    d = zlib.decompressobj(wbits, *(() if zdict is None else (zdict,)))
    out = d.decompress(b"".join(made)) + d.flush()
    return out == data, d.eof, d.unused_data, d.unconsumed_tail


def streamed(stream, wbits=15, zdict=None, max_length=0, piece=7, flush_length=None):
    """Feeds `stream` in pieces; the sequence of outputs and attributes."""
    d = zlib.decompressobj(wbits) if zdict is None else zlib.decompressobj(wbits, zdict)
    out, events = [], []
    data = stream
    for i in range(0, len(data), piece):
        chunk = d.unconsumed_tail + data[i:i + piece]
        got = d.decompress(chunk, max_length)
        out.append(got)
        events.append((len(got), len(d.unconsumed_tail), d.eof, len(d.unused_data)))
    for _ in range(3000):
        if not d.unconsumed_tail or d.eof:
            break
        got = d.decompress(d.unconsumed_tail, max_length)
        out.append(got)
        events.append((len(got), len(d.unconsumed_tail), d.eof))
    tail = d.flush() if flush_length is None else d.flush(flush_length)
    return summary(b"".join(out) + tail), events[-5:], d.eof, d.unused_data, d.unconsumed_tail


def without_system_error_text(func):
    """C's _ZlibDecompressor returns NULL without an exception on
    Z_NEED_DICT: CPython's SystemError then says "<method ...> returned
    NULL without setting an exception", or "error return without exception
    set" when the call site was specialized by earlier calls, which the
    cases cannot control: compare the exception's type only."""
    def run(*args):
        try:
            return func(*args)
        except SystemError:
            return "SystemError"
    return run


@without_system_error_text
def decompressor_run(stream, wbits=15, zdict=None, max_length=-1, piece=11, extra=b""):
    z = zlib._ZlibDecompressor(wbits) if zdict is None else zlib._ZlibDecompressor(wbits, zdict)
    out, events = [], []
    data = stream + extra
    for i in range(0, len(data), piece):
        got = z.decompress(data[i:i + piece], max_length)
        out.append(got)
        events.append((len(got), z.needs_input, z.eof))
        if z.eof:
            break
    for _ in range(3000):
        if z.eof or z.needs_input:
            break
        got = z.decompress(b"", max_length)
        out.append(got)
        events.append((len(got), z.needs_input, z.eof))
    return summary(b"".join(out)), events[-6:], z.eof, z.unused_data, z.needs_input


def after_end(stream, then):
    z = zlib._ZlibDecompressor()
    z.decompress(stream)
    return z.decompress(then)


def copies(stream, at, wbits=15):
    d = zlib.decompressobj(wbits)
    first = d.decompress(stream[:at])
    twin = copy.copy(d) if at % 2 else copy.deepcopy(d, {})
    rest = d.decompress(stream[at:]) + d.flush()
    twin_rest = twin.decompress(stream[at:]) + twin.flush()
    return first + rest == first + twin_rest, summary(first + rest), twin.eof, twin.unused_data


def compress_copies(data, at, level):
    c = zlib.compressobj(level)
    head = c.compress(data[:at])
    twin = c.copy()
    one = head + c.compress(data[at:]) + c.flush()
    two = head + twin.compress(data[at:]) + twin.flush()
    return zlib.decompress(one) == data, zlib.decompress(two) == data


def finished_compressor(action):
    c = zlib.compressobj()
    c.compress(b"abc")
    c.flush()
    return action(c)


def finished_decompressor(action):
    d = zlib.decompressobj()
    d.decompress(STREAMS["zlib6"])
    d.flush()
    return action(d)


def flushes(modes):
    c = zlib.compressobj()
    made = [c.compress(TEXT)]
    results = []
    for mode in modes:
        try:
            made.append(c.flush(mode))
            results.append("ok")
        except zlib.error as e:
            results.append(str(e))
    made.append(c.flush())
    return results, zlib.decompress(b"".join(made)) == TEXT


def need_dict(zdict_later):
    d = zlib.decompressobj()
    try:
        d.decompress(STREAMS["zdict"])
    except zlib.error as e:
        first = str(e)
    d2 = zlib.decompressobj(zdict=zdict_later)
    return first, summary(d2.decompress(STREAMS["zdict"]))


def mutated(stream, rng):
    """Truncations, flipped bytes and trailing data of one stream."""
    cuts = sorted({0, 1, 2, 3, len(stream) // 2, len(stream) - 5, len(stream) - 4, len(stream) - 1} - {len(stream)})
    for cut in cuts:
        if 0 <= cut < len(stream):
            yield f"truncated at {cut}", stream[:cut]
    for _ in range(6):
        i = rng.randrange(len(stream))
        yield f"byte {i} flipped", stream[:i] + bytes([stream[i] ^ (1 << rng.randrange(8))]) + stream[i + 1:]
    yield "checksum wrong", stream[:-1] + bytes([stream[-1] ^ 0xFF])
    yield "trailing garbage", stream + b"garbage"
    yield "doubled", stream + stream


def cases(rng):
    """Every public function and method of zlib, with generated arguments."""
    # Checksums.
    for name, data in blobs(rng):
        yield f"crc32 {name}", zlib.crc32, (data,), {}
        yield f"adler32 {name}", zlib.adler32, (data,), {}
        for start in (0, 1, 0xFFFFFFFF, 2**32 + 5, -1, 12345):
            yield f"crc32 {name} from {start}", zlib.crc32, (data, start), {}
            yield f"adler32 {name} from {start}", zlib.adler32, (data, start), {}
        yield f"crc32 {name} bytearray", zlib.crc32, (bytearray(data),), {}
        yield f"adler32 {name} memoryview", zlib.adler32, (memoryview(data),), {}
    for func in (zlib.crc32, zlib.adler32):
        yield f"{func.__name__} str", func, ("abc",), {}
        yield f"{func.__name__} None", func, (None,), {}
        yield f"{func.__name__} float start", func, (b"abc", 1.5), {}
        yield f"{func.__name__} bad index", func, (b"abc", BadIndex()), {}
        yield f"{func.__name__} no args", func, (), {}
        yield f"{func.__name__} three args", func, (b"a", 1, 2), {}
        yield f"{func.__name__} keyword", func, (b"a",), {"value": 1}
        yield f"{func.__name__} array", func, (array.array("i", [1, 2, 3]),), {}

    # One-shot compression, checked by decompressing.
    for name, data in blobs(rng):
        for level in (-1, 0, 1, 2, 5, 6, 9):
            yield f"round trip {name} level {level}", round_trip, (data, level), {}
        for wbits in (9, 10, 15, -9, -15, 25, 31):
            yield f"round trip {name} wbits {wbits}", round_trip, (data, 6, wbits), {}
        yield f"round trip {name} bufsize 1", round_trip, (data,), {"bufsize": 1}
        yield f"round trip {name} bufsize 0", round_trip, (data,), {"bufsize": 0}
    for level in (-2, 10, 100, 2**31 - 1):
        yield f"compress level {level}", zlib.compress, (b"abc", level), {}
    for wbits in (-16, -8, -7, 0, 7, 8, 16, 24, 32, 47, 100):
        yield f"compress wbits {wbits}", lambda w: zlib.decompress(zlib.compress(TEXT, 6, w), w) == TEXT, (wbits,), {}
    yield "compress level too big", zlib.compress, (b"abc", 2**31), {}
    yield "compress str", zlib.compress, ("abc",), {}
    yield "compress keyword data", zlib.compress, (), {"data": b"abc"}
    yield "compress bad level index", zlib.compress, (b"abc", BadIndex()), {}
    yield "compress level keyword", lambda: zlib.decompress(zlib.compress(TEXT, level=1, wbits=-12), -12) == TEXT, (), {}

    # One-shot decompression of the system zlib's streams.
    for name, stream in STREAMS.items():
        wbits = WBITS_OF.get(name, 15)
        if "zdict" in name:
            yield f"decompress {name} without its dictionary", zlib.decompress, (stream, wbits), {}
            continue
        yield f"decompress {name}", lambda s, w: summary(zlib.decompress(s, w)), (stream, wbits), {}
        for other in (15, -15, 31, 47, 9, 0, 8, 40, 16, 32, 48, -8, -16, 24):
            if other != wbits:
                yield f"decompress {name} wbits {other}", lambda s, w: summary(zlib.decompress(s, w)), (stream, other), {}
        for label, bad in mutated(stream, rng):
            yield f"decompress {name} {label}", lambda s, w: summary(zlib.decompress(s, w)), (bad, wbits), {}
    for bufsize in (-1, 0, 1, 2**20, 2**62):
        yield f"decompress bufsize {bufsize}", lambda b: summary(zlib.decompress(STREAMS["zlib6"], bufsize=b)), (bufsize,), {}
    yield "decompress bufsize too big", zlib.decompress, (STREAMS["zlib6"], 15, 2**63), {}
    yield "decompress bufsize float", zlib.decompress, (STREAMS["zlib6"], 15, 1.0), {}
    yield "decompress str", zlib.decompress, ("abc",), {}
    yield "decompress empty", zlib.decompress, (b"",), {}
    yield "decompress garbage", zlib.decompress, (b"not a zlib stream",), {}
    yield "decompress bytearray", lambda: summary(zlib.decompress(bytearray(STREAMS["zlib9"]))), (), {}
    for wbits in range(-17, 50, 3):
        yield f"decompress wbits {wbits}", lambda w: summary(zlib.decompress(STREAMS["gzip"], w)), (wbits,), {}

    # Compressor objects.
    for name, data in list(blobs(rng))[3:]:
        for level in (0, 1, 6, 9):
            for strategy in (0, 1, 2, 3, 4):
                yield (f"compressobj {name} level {level} strategy {strategy}", object_round_trip,
                       (data, level, 8, 15, 8, strategy, None, (0,), 4096), {})
        for wbits in (9, 12, -9, -15, 25, 31):
            yield f"compressobj {name} wbits {wbits}", object_round_trip, (data, 6, 8, wbits, 8, 0, None, (0,), 999), {}
        for mem_level in (1, 5, 9):
            yield f"compressobj {name} memLevel {mem_level}", object_round_trip, (data, 6, 8, 15, mem_level, 0, None, (0,), 999), {}
        for modes in ((2,), (3,), (1,), (5,), (0, 2, 3)):
            yield f"compressobj {name} flushes {modes}", object_round_trip, (data, 6, 8, 15, 8, 0, None, modes, 333), {}
        for wbits in (15, -15):
            yield f"compressobj {name} zdict wbits {wbits}", object_round_trip, (data, 6, 8, wbits, 8, 0, ZDICT, (2,), 500), {}
        yield f"compress copies {name}", compress_copies, (data, len(data) // 3, 6), {}
    for kwargs in ({"level": 10}, {"level": -2}, {"method": 9}, {"method": 0}, {"wbits": 8}, {"wbits": -8},
                   {"wbits": 7}, {"wbits": 16}, {"wbits": 32}, {"wbits": 24}, {"wbits": -16}, {"memLevel": 0},
                   {"memLevel": 10}, {"strategy": 5}, {"strategy": -1}, {"zdict": None}, {"zdict": "abc"},
                   {"zdict": 5}, {"wbits": 31, "zdict": b"abc"}, {"zdict": b""}, {"zdict": bytearray(b"x")},
                   {"level": 2**31}, {"level": BadIndex()}, {"bogus": 1}):
        yield f"compressobj {kwargs}", lambda kw: type(zlib.compressobj(**kw)).__name__, (kwargs,), {}
    yield "compressobj wbits 8 round trip", lambda: zlib.decompress(
        zlib.compressobj(6, 8, 8).compress(TEXT) + b"", 9) if False else object_round_trip(TEXT, 6, 8, 8, 8, 0, None, (0,), 99), (), {}
    yield "compress str", lambda: zlib.compressobj().compress("abc"), (), {}
    yield "compress no args", lambda: zlib.compressobj().compress(), (), {}
    for mode in (0, 1, 2, 3, 4, 5, 6, 7, -1, 2**31):
        yield f"flush mode {mode}", flushes, ((mode,),), {}
    yield "flush sync twice", flushes, ((2, 2, 3, 3, 1, 1),), {}
    yield "flush bad mode type", lambda: zlib.compressobj().flush("x"), (), {}
    yield "flush keyword", lambda: zlib.compressobj().flush(mode=2), (), {}
    yield "compress after finish", finished_compressor, (lambda c: c.compress(b"more"),), {}
    yield "flush after finish", finished_compressor, (lambda c: c.flush(),), {}
    yield "sync flush after finish", finished_compressor, (lambda c: c.flush(zlib.Z_SYNC_FLUSH),), {}
    yield "no-flush after finish", finished_compressor, (lambda c: c.flush(zlib.Z_NO_FLUSH),), {}
    yield "copy after finish", finished_compressor, (lambda c: c.copy(),), {}
    yield "deepcopy no memo", lambda: zlib.compressobj().__deepcopy__(), (), {}
    yield "Compress()", lambda: type(zlib.compressobj())(), (), {}

    # Decompressor objects over the system zlib's streams.
    for name, stream in STREAMS.items():
        wbits = WBITS_OF.get(name, 15)
        zdict = ZDICT if "zdict" in name else None
        for max_length in (0, 1, 7, 100, 5000):
            yield f"decompressobj {name} max_length {max_length}", streamed, (stream, wbits, zdict, max_length), {}
        yield f"decompressobj {name} whole", streamed, (stream, wbits, zdict, 0, len(stream) + 1), {}
        yield f"decompressobj {name} trailing", streamed, (stream + b"trailing data", wbits, zdict, 0, 5), {}
        yield f"decompressobj {name} trailing max_length", streamed, (stream + b"tail", wbits, zdict, 3, 13), {}
        for label, bad in mutated(stream, rng):
            yield f"decompressobj {name} {label}", streamed, (bad, wbits, zdict, 0, 16), {}
            yield f"decompressobj {name} {label} max_length", streamed, (bad, wbits, zdict, 10, 64), {}
        yield f"decompressobj copies {name}", copies, (stream, len(stream) // 2, wbits), {}
        yield f"decompressobj copies {name} odd", copies, (stream, len(stream) // 3 | 1, wbits), {}
        for max_length in (-1, 1, 64):
            yield f"_ZlibDecompressor {name} max_length {max_length}", decompressor_run, (stream, wbits, zdict, max_length), {}
        yield f"_ZlibDecompressor {name} trailing", decompressor_run, (stream, wbits, zdict, -1, 64, b"after the end"), {}
        yield f"_ZlibDecompressor {name} trailing small", decompressor_run, (stream, wbits, zdict, 5, 3, b"xyz"), {}
        for label, bad in list(mutated(stream, rng))[::3]:
            yield f"_ZlibDecompressor {name} {label}", decompressor_run, (bad, wbits, zdict, 50, 20), {}
    yield "decompress max_length -1", lambda: zlib.decompressobj().decompress(b"", -1), (), {}
    yield "decompress max_length float", lambda: zlib.decompressobj().decompress(b"", 1.5), (), {}
    yield "decompress max_length keyword", lambda: summary(zlib.decompressobj().decompress(STREAMS["zlib6"], max_length=3)), (), {}
    yield "decompress data keyword", lambda: zlib.decompressobj().decompress(data=b""), (), {}
    for length in (-1, 0, 1, 2**20):
        yield f"flush length {length}", streamed, (STREAMS["zlib9"], 15, None, 5, 10, length), {}
    yield "flush length float", lambda: zlib.decompressobj().flush(1.0), (), {}
    yield "need dict then right", need_dict, (ZDICT,), {}
    yield "need dict then wrong", need_dict, (b"wrong dictionary",), {}
    yield "need dict then empty", need_dict, (b"",), {}
    yield "need dict bytearray", need_dict, (bytearray(ZDICT),), {}
    yield "need dict memoryview", need_dict, (memoryview(ZDICT),), {}
    yield "raw zdict wrong", lambda: summary(zlib.decompressobj(-15, b"wrong").decompress(STREAMS["rawzdict"])), (), {}
    yield "decompressobj zdict str", zlib.decompressobj, (15, "abc"), {}
    yield "decompressobj zdict None", zlib.decompressobj, (15, None), {}
    yield "decompressobj zdict int raw", zlib.decompressobj, (-15, 5), {}
    for wbits in (-16, -8, -7, 0, 7, 8, 16, 24, 31, 32, 40, 47, 48, 100, -100, 2**31):
        yield f"decompressobj wbits {wbits}", lambda w: type(zlib.decompressobj(w)).__name__, (wbits,), {}
    yield "decompress after flush end", finished_decompressor, (lambda d: d.decompress(b"x"),), {}
    yield "flush after flush end", finished_decompressor, (lambda d: d.flush(),), {}
    yield "copy after flush end", finished_decompressor, (lambda d: d.copy(),), {}
    yield "attributes after flush end", finished_decompressor, (lambda d: (d.eof, d.unused_data, d.unconsumed_tail),), {}
    yield "Decompress()", lambda: type(zlib.decompressobj())(), (), {}

    # _ZlibDecompressor specifics.
    yield "_ZlibDecompressor after end", after_end, (STREAMS["zlib6"], b"more"), {}
    yield "_ZlibDecompressor need dict", without_system_error_text(
        lambda: zlib._ZlibDecompressor().decompress(STREAMS["zdict"])), (), {}
    yield "_ZlibDecompressor raw zdict", decompressor_run, (STREAMS["rawzdict"], -15, ZDICT), {}
    for args in ((16,), (2**31,), (-2**31 - 1,), (2**63,), ("x",), (1.5,), (15, "notbuffer"), (15, b"", 1),
                 (-15, "notbuffer"), (-15, 5), (99,), (-99,)):
        yield f"_ZlibDecompressor{args}", lambda a: type(zlib._ZlibDecompressor(*a)).__name__, (args,), {}
    yield "_ZlibDecompressor keywords", lambda: zlib._ZlibDecompressor(wbits=-15, zdict=ZDICT).eof, (), {}
    yield "_ZlibDecompressor bad keyword", lambda: zlib._ZlibDecompressor(bits=1), (), {}
    yield "_ZlibDecompressor decompress str", lambda: zlib._ZlibDecompressor().decompress("x"), (), {}
    yield "_ZlibDecompressor max_length float", lambda: zlib._ZlibDecompressor().decompress(b"", 1.5), (), {}
    yield "_ZlibDecompressor max_length 0", decompressor_run, (STREAMS["zlib6"], 15, None, 0, 50), {}
    yield "_ZlibDecompressor subclass", lambda: type("Sub", (zlib._ZlibDecompressor,), {}), (), {}

    # The module's surface.
    yield "constants", lambda: sorted((k, v) for k, v in vars(zlib).items() if k.isupper() and isinstance(v, int)), (), {}
    yield "names", lambda: sorted(k for k in vars(zlib) if k not in ("__file__", "__spec__", "__loader__")), (), {}
    yield "__version__", lambda: zlib.__version__, (), {}
    yield "signatures", lambda: [getattr(f, "__text_signature__", None) for f in (
        zlib.compress, zlib.decompress, zlib.compressobj, zlib.decompressobj, zlib.crc32, zlib.adler32,
        zlib.compressobj().compress, zlib.compressobj().flush, zlib.decompressobj().decompress,
        zlib.decompressobj().flush, zlib._ZlibDecompressor.decompress, zlib._ZlibDecompressor)], (), {}
    yield "docs", lambda: [f.__doc__ for f in (zlib.compress, zlib.decompressobj, zlib._ZlibDecompressor,
                                              zlib._ZlibDecompressor.eof, type(zlib.compressobj()))], (), {}
    yield "error", lambda: (zlib.error.__module__, zlib.error.__mro__[1].__name__), (), {}
