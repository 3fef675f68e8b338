// Placeholder until the module lands.
enum PostgresStateModulePlaceholder {}
