"""The package version, in a module of its own: modules below the package's face import it from here."""

__version__ = "0.1.0"
