import { RecordDataField as RecordDataField_beaa302cb60064e768a10b44a37a22ba } from '../../../../collections/Records/admin/RecordDataField'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "../collections/Records/admin/RecordDataField#RecordDataField": RecordDataField_beaa302cb60064e768a10b44a37a22ba,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
