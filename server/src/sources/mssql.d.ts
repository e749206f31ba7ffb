/** The part of the `mssql` package's API that mssql-bulk.ts uses (the package ships no types). */
declare module 'mssql' {
  interface ColumnType {
    type: unknown;
    length?: number;
  }
  interface Column extends ColumnType {
    name: string;
    nullable?: boolean;
  }
  interface Columns extends Array<Column> {
    add(name: string, type: ColumnType | (() => ColumnType), options?: { nullable?: boolean; length?: number }): number;
  }
  interface Rows extends Array<unknown[]> {
    add(...values: unknown[]): number;
    clear(): unknown[];
  }
  export class Table {
    constructor(name: string);
    name: string;
    create: boolean;
    columns: Columns;
    rows: Rows;
  }
  interface BulkOptions {
    keepNulls?: boolean;
    checkConstraints?: boolean;
    tableLock?: boolean;
    fireTriggers?: boolean;
  }
  export class Request {
    bulk(table: Table, options?: BulkOptions): Promise<{ rowsAffected: number }>;
  }
  interface ConnectionConfig {
    server: string;
    port?: number;
    database?: string;
    user?: string;
    password?: string;
    connectionTimeout?: number;
    requestTimeout?: number;
    pool?: { min?: number; max?: number };
    options?: { encrypt?: boolean; trustServerCertificate?: boolean };
  }
  export class ConnectionPool {
    constructor(config: ConnectionConfig);
    connect(): Promise<ConnectionPool>;
    close(): Promise<void>;
    request(): Request;
  }
  const NVarChar: (length?: number) => ColumnType;
  const Int: ColumnType;
  const MAX: number;
  const _default: {
    Table: typeof Table;
    ConnectionPool: typeof ConnectionPool;
    NVarChar: typeof NVarChar;
    Int: typeof Int;
    MAX: number;
  };
  export default _default;
}
