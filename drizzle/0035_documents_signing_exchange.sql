-- Reserved for documents_signing_exchange; filled in by its module.
SELECT 1;
