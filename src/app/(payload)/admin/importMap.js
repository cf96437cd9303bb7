import { MonacoJsonField as MonacoJsonField_9e91451e40654102b1b9cd364f643f7e } from '../../../admin/MonacoFields'
import { RecordDataField as RecordDataField_beaa302cb60064e768a10b44a37a22ba } from '../../../../collections/Records/admin/RecordDataField'
import { RecordsListView as RecordsListView_2ed2443a705bb35d13695f71ac1ba7bd } from '../../../../collections/Records/admin/RecordsListView'
import { DefinitionField as DefinitionField_5b6a4fd17787d564eb43535d09109217 } from '../../../../collections/WorkflowDefinitions/admin/DefinitionField'
import { MonacoCodeField as MonacoCodeField_9e91451e40654102b1b9cd364f643f7e } from '../../../admin/MonacoFields'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "/admin/MonacoFields#MonacoJsonField": MonacoJsonField_9e91451e40654102b1b9cd364f643f7e,
  "../collections/Records/admin/RecordDataField#RecordDataField": RecordDataField_beaa302cb60064e768a10b44a37a22ba,
  "../collections/Records/admin/RecordsListView#RecordsListView": RecordsListView_2ed2443a705bb35d13695f71ac1ba7bd,
  "../collections/WorkflowDefinitions/admin/DefinitionField#DefinitionField": DefinitionField_5b6a4fd17787d564eb43535d09109217,
  "/admin/MonacoFields#MonacoCodeField": MonacoCodeField_9e91451e40654102b1b9cd364f643f7e,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
