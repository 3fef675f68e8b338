import Foundation
import JMRApplyCLI

exit(await JMRApply.main(Array(CommandLine.arguments.dropFirst())))
