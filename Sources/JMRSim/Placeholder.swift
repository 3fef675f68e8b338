// Placeholder until the module lands.
enum JMRSimModulePlaceholder {}
