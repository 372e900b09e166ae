import CloseCLI
