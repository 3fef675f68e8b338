// Callers of the client need the credentials and header types without importing the signer.
@_exported import JDCloudAuth
