/** The directory's shapes, from the contract (openapi.yaml -> src/client/schema.d.ts). */
import type { components } from "../../client/schema";

type Schemas = components["schemas"];

export type Role = Schemas["Role"];
export type OrganizationKind = Schemas["OrganizationKind"];
export type Scope = Schemas["Scope"];
export type Organization = Schemas["OrganizationRead"];
export type OrganizationCreate = Schemas["OrganizationCreate"];
export type OrganizationUpdate = Schemas["OrganizationUpdate"];
export type User = Schemas["UserRead"];
export type UserCreate = Schemas["UserCreate"];
export type UserUpdate = Schemas["UserUpdate"];
export type IntegrationClient = Schemas["ClientRead"];
export type ClientCreate = Schemas["ClientCreate"];
export type ClientUpdate = Schemas["ClientUpdate"];
export type ClientWithSecret = Schemas["ClientWithSecret"];
