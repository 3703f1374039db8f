-- Reserved for setup_sms; filled in by its module.
SELECT 1;
