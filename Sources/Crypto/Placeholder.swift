// Placeholder until the module lands.
enum CryptoModulePlaceholder {}
