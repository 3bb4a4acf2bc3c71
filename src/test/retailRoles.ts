// Test fixture: the roles a person gives the columns of UCI Online Retail, which inference
// must find both from the whole file and from the streamed sample of its first rows.
import type { ColumnRole } from '../run/channelKinds';

export const ONLINE_RETAIL_ROLES: Record<string, ColumnRole> = {
  InvoiceNo: 'id',
  StockCode: 'id',
  // Free text naming the same thing as StockCode: the model has no text encoder.
  Description: 'ignore',
  Quantity: 'dense',
  InvoiceDate: 'time',
  UnitPrice: 'dense',
  CustomerID: 'user',
  Country: 'category',
};
