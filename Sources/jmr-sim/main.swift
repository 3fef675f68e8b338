import Foundation
import JMRSim

exit(SimulatorCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))
