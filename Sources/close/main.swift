import CloseCLI

CloseMain.run()
