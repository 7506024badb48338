/** Uploads on the drive page: the buttons and drop target, and the uploads panel. */
export { UploadActions } from "./upload-actions";
export { UploadsPanel } from "./uploads-panel";
