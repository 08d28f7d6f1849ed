"""The demo directory (real, publicly listed organizations plus fictional examples) and a
synthetic generator for scale work."""
