// Placeholder until the module lands.
enum JDCloudAuthModulePlaceholder {}
