"""A client for PE-online's attendance web service (Xaurum), with no Django in it.

PE-online (and GAIA through it) takes e-learning attendance as one XML document,
`Entry`, posted to the operation `ProcessXML`, and answers with a `Summary`. This
package builds the document (`entry`), parses the answer (`summary`) and posts one to
get the other (`client`); `fake_server` is a local stand-in for the tests and the
benchmark. The format follows Xaurum's "Webservice voor verwerking van presentie
(E-learning en cursus met fysieke bijeenkomsten) in GAIA/PE-online" (version 0.1);
`entry.xsd` is our schema of what we send. Storing, batching and retrying live in
`registers.services.sending`.
"""
