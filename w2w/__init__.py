"""The weight space of customized diffusion models: sample, edit, invert and merge identity LoRAs (weights2weights, clean-room)"""

__version__ = "0.0.1"

def __getattr__(name):
    "`from w2w import W2W` without importing torch and diffusers at `import w2w`."
    if name == 'W2W':
        from .core.w2w import W2W
        return W2W
    raise AttributeError(f"module 'w2w' has no attribute {name!r}")
