import { hosted } from "@/lib/compat/dataherald-routes";

export const GET = hosted.connection.GET;
export const PUT = hosted.connection.PUT;
