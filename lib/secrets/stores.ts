// Every database column that holds ciphertext from ./cipher. Rotation walks this list, so a feature
// that adds an encrypted column adds it here too.
export type SecretColumn = { table: string; key: string; column: string };

export const SECRET_COLUMNS: SecretColumn[] = [
  { table: "connections", key: "id", column: "secrets" },
  { table: "settings", key: "key", column: "secrets" },
  { table: "provisioned_credentials", key: "id", column: "password" },
];
